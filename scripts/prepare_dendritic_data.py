#!/usr/bin/env python3
"""Data preparation for the dendritic-balance scene and speech experiments (spec §5 stand-ins).

    /usr/bin/python3 scripts/prepare_dendritic_data.py scenes --out CACHE [--skimage-dir DIR]
    /usr/bin/python3 scripts/prepare_dendritic_data.py speech --out CACHE [--espeak PATH]

scenes: ten photographs shipped by Debian python3-skimage (skimage/data/), grey (colour ones
        converted with skimage.color.rgb2gray, centre-cropped to a square of even side), whitened
        with Olshausen's recipe (spec §5): zero mean, 2-D FFT times R(f) = f exp(-(f/f0)^4),
        f0 = 0.4 N, inverse FFT, all images scaled so their mean variance is 0.1.
        -> CACHE/scenes.json (manifest) + CACHE/scenes.f32 (row-major float32 images).
speech: espeak-ng speech of a fixed sentence list (3 voices x 2 speeds), a 25-channel gammatone
        filterbank (scipy.signal.gammatone, 4th-order IIR; centre frequencies ERB-spaced
        100..4000 Hz, listed in the manifest), half-wave rectification, smoothing (4th-order
        Butterworth low-pass at 100 Hz) and sampling every 5 ms (one cochleogram column = one
        5 ms pattern, spec §4.4).
        -> CACHE/speech.json + CACHE/speech.f32 (25 x T, row-major float32).

The output is cached: the manifest holds a fingerprint of the recipe (this script's text, the
parameters and the input files / espeak-ng version); a run with the same fingerprint does nothing.
The manifest also holds the CRC-32 (zlib) of the data file, checked by the C++ reader.
Missing inputs (no skimage data folder, no espeak-ng) are a one-line error, exit code 2.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

SCENE_IMAGES = ["camera", "grass", "gravel", "brick", "moon",  # 512x512 grey
                "astronaut", "coffee", "chelsea", "motorcycle_left", "rocket"]  # colour -> grey
DEFAULT_SKIMAGE_DIR = "/usr/lib/python3/dist-packages/skimage/data"

# Harvard sentences (IEEE 1969 list 1-2): a fixed, public text list.
SPEECH_TEXTS = [
    "The birch canoe slid on the smooth planks.",
    "Glue the sheet to the dark blue background.",
    "It's easy to tell the depth of a well.",
    "These days a chicken leg is a rare dish.",
    "Rice is often served in round bowls.",
    "The juice of lemons makes fine punch.",
    "The box was thrown beside the parked truck.",
    "The hogs were fed chopped corn and garbage.",
    "Four hours of steady work faced us.",
    "A large size in stockings is hard to sell.",
    "The boy was there when the sun rose.",
    "A rod is used to catch pink salmon.",
]
SPEECH_VOICES = ["en-us", "en-gb", "en-us+f3"]
SPEECH_SPEEDS = [140, 190]  # words per minute
N_CHANNELS = 25
F_LOW, F_HIGH = 100.0, 4000.0
SAMPLE_MS = 5.0
SMOOTH_HZ = 100.0


class PrepError(Exception):
    pass


def recipe_fingerprint(parts):
    h = hashlib.sha256()
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def cached(out_dir, kind, fingerprint):
    manifest = os.path.join(out_dir, kind + ".json")
    data = os.path.join(out_dir, kind + ".f32")
    try:
        with open(manifest) as f:
            m = json.load(f)
        return m.get("fingerprint") == fingerprint and os.path.getsize(data) == m.get("data_bytes")
    except (OSError, ValueError):
        return False


def write_cache(out_dir, kind, manifest, array):
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise PrepError("%s: cannot create cache folder (%s)" % (out_dir, e.strerror))
    raw = array.astype("<f4").tobytes()
    manifest["data_file"] = kind + ".f32"
    manifest["data_bytes"] = len(raw)
    manifest["data_crc32"] = "%08x" % zlib.crc32(raw)
    # Data first, manifest last, each by rename: a reader never sees a manifest without its data.
    for name, payload in ((kind + ".f32", raw), (kind + ".json", (json.dumps(manifest, indent=1) + "\n").encode())):
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix="." + name)
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, os.path.join(out_dir, name))


def cache_is_current(out, kind, fingerprint):
    """True (and says so) when OUT already holds KIND prepared by this recipe."""
    if cached(out, kind, fingerprint):
        print("%s: cache up to date (%s)" % (kind, fingerprint))
        return True
    return False


def import_modules(package, *names):
    """The named modules; a missing one is an error naming the Debian package that ships it."""
    import importlib
    try:
        return [importlib.import_module(n) for n in names]
    except ImportError as e:
        raise PrepError("python module missing (%s): install %s (scripts/setup.sh)" % (e, package))


# ---------------------------------------------------------------- scenes
def whiten(img):
    import numpy as np
    n = img.shape[0]
    img = img - img.mean()
    fx = np.fft.fftfreq(n) * n  # cycles per image
    fxx, fyy = np.meshgrid(fx, fx, indexing="ij")
    f = np.sqrt(fxx ** 2 + fyy ** 2)
    f0 = 0.4 * n
    filt = f * np.exp(-((f / f0) ** 4))
    return np.real(np.fft.ifft2(np.fft.fft2(img) * filt))


def prepare_scenes(args):
    src = args.skimage_dir
    files = []
    for name in SCENE_IMAGES:
        path = None
        for ext in (".png", ".jpg"):
            if os.path.isfile(os.path.join(src, name + ext)):
                path = os.path.join(src, name + ext)
        if path is None:
            raise PrepError("%s: image '%s' not found (skimage data folder missing? install python3-skimage, "
                            "scripts/setup.sh)" % (src, name))
        files.append(path)
    parts = ["scenes", SCENE_IMAGES]
    for p in files:
        with open(p, "rb") as f:
            parts.append(f.read())
    fingerprint = recipe_fingerprint(parts)
    if cache_is_current(args.out, "scenes", fingerprint):
        return
    np, skcolor, skio = import_modules("python3-skimage", "numpy", "skimage.color", "skimage.io")
    images, meta = [], []
    for name, path in zip(SCENE_IMAGES, files):
        a = skio.imread(path)
        if a.ndim == 3:
            a = skcolor.rgb2gray(a[..., :3])
        else:
            a = a.astype(np.float64) / 255.0
        side = min(a.shape) // 2 * 2
        r0, c0 = (a.shape[0] - side) // 2, (a.shape[1] - side) // 2
        a = a[r0:r0 + side, c0:c0 + side]
        images.append(whiten(a))
        meta.append({"name": name, "file": os.path.basename(path), "side": side})
    scale = np.sqrt(0.1 / np.mean([im.var() for im in images]))
    offset = 0
    for m, im in zip(meta, images):
        m["offset"] = offset
        offset += im.size
    blob = np.concatenate([(im * scale).ravel() for im in images])
    manifest = {"format": "ebn-dendritic-scenes-1", "fingerprint": fingerprint, "source_dir": src,
                "whitening": "zero mean; FFT x f exp(-(f/(0.4 N))^4); mean variance 0.1", "images": meta}
    write_cache(args.out, "scenes", manifest, blob)
    print("scenes: %d images, %d values -> %s/scenes.f32 (%s)" % (len(images), blob.size, args.out, fingerprint))


# ---------------------------------------------------------------- speech
def erb_space(n, lo, hi):
    import numpy as np
    # Glasberg & Moore ERB-rate scale: E(f) = 21.4 log10(1 + 0.00437 f).
    e = np.linspace(21.4 * np.log10(1 + 0.00437 * lo), 21.4 * np.log10(1 + 0.00437 * hi), n)
    return (10 ** (e / 21.4) - 1) / 0.00437


def espeak_path(arg):
    path = arg if os.sep in arg else shutil.which(arg)
    if not path or not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise PrepError("%s: espeak-ng not found (install espeak-ng, scripts/setup.sh)" % arg)
    return path


def prepare_speech(args):
    espeak = espeak_path(args.espeak)
    try:
        version = subprocess.run([espeak, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        raise PrepError("%s: espeak-ng does not run (%s)" % (espeak, e))
    fingerprint = recipe_fingerprint(["speech", version, SPEECH_TEXTS, SPEECH_VOICES, SPEECH_SPEEDS, N_CHANNELS,
                                      F_LOW, F_HIGH, SAMPLE_MS, SMOOTH_HZ])
    if cache_is_current(args.out, "speech", fingerprint):
        return
    np, wavfile, signal = import_modules("python3-scipy", "numpy", "scipy.io.wavfile", "scipy.signal")
    pieces, rate = [], None
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "u.wav")
        for voice in SPEECH_VOICES:
            for speed in SPEECH_SPEEDS:
                for text in SPEECH_TEXTS:
                    r = subprocess.run([espeak, "-v", voice, "-s", str(speed), "-w", wav, text], capture_output=True)
                    if r.returncode != 0:
                        raise PrepError("%s -v %s: synthesis failed (%s)" % (espeak, voice, r.stderr.decode().strip()))
                    fs, x = wavfile.read(wav)
                    if rate is None:
                        rate = fs
                    elif fs != rate:
                        raise PrepError("%s -v %s: sample rate %d differs from %d" % (espeak, voice, fs, rate))
                    pieces.append(x.astype(np.float64) / 32768.0)
                    pieces.append(np.zeros(int(0.1 * fs)))  # 100 ms pause between utterances
    audio = np.concatenate(pieces)
    cf = erb_space(N_CHANNELS, F_LOW, F_HIGH)
    step = int(round(rate * SAMPLE_MS / 1000.0))
    smooth = signal.butter(4, SMOOTH_HZ, fs=rate, output="sos")
    rows = []
    for f in cf:
        b, a = signal.gammatone(f, "iir", fs=rate)
        y = np.maximum(signal.lfilter(b, a, audio), 0.0)  # half-wave rectification
        y = signal.sosfilt(smooth, y)
        rows.append(np.maximum(y[step - 1::step], 0.0))
    data = np.array(rows)
    manifest = {"format": "ebn-dendritic-speech-1", "fingerprint": fingerprint, "espeak": version,
                "sample_rate_hz": rate, "sample_ms": SAMPLE_MS, "channels": N_CHANNELS, "samples": data.shape[1],
                "centre_frequencies_hz": [round(float(f), 2) for f in cf], "voices": SPEECH_VOICES,
                "speeds_wpm": SPEECH_SPEEDS, "texts": SPEECH_TEXTS,
                "filterbank": "scipy.signal.gammatone IIR (4th order), half-wave rectified, 4th-order Butterworth "
                              "low-pass 100 Hz, sampled every 5 ms"}
    write_cache(args.out, "speech", manifest, data)
    print("speech: %d channels x %d samples (%.1f s of speech) -> %s/speech.f32 (%s)" %
          (N_CHANNELS, data.shape[1], len(audio) / rate, args.out, fingerprint))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="kind", required=True)
    sc = sub.add_parser("scenes")
    sc.add_argument("--skimage-dir", default=os.environ.get("EBN_SKIMAGE_DATA", DEFAULT_SKIMAGE_DIR))
    sc.add_argument("--out", required=True)
    sp = sub.add_parser("speech")
    sp.add_argument("--espeak", default=os.environ.get("EBN_ESPEAK_NG", "espeak-ng"))
    sp.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        (prepare_scenes if args.kind == "scenes" else prepare_speech)(args)
    except PrepError as e:
        print("prepare_dendritic_data: error: %s" % e, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
