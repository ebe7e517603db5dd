# Headless GTKWave screenshot (used by scripts/gtkwave_screenshot.sh under xvfb-run):
# zoom to fit, grab the main window to $env(GRAB_PNG), quit. Grab_To_File takes the file name
# as its argument, so no dialog opens (notes section 7).
if {[info exists env(GRAB_PNG)]} { set out $env(GRAB_PNG) } else { set out gtkwave_grab.png }
gtkwave::/Time/Zoom/Zoom_Best_Fit
gtkwave::/File/Grab_To_File $out
gtkwave::/File/Quit
