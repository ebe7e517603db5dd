#pragma once
// Outputs are complete or absent: the ONE mechanism every command uses to write results.
//
// Result folders (OutputDir): everything is written into a temporary folder BESIDE the target,
// DIR/../.partial-<pid>-NAME, and commit() moves it into place with one rename (an existing
// earlier result folder is swapped out atomically with renameat2(RENAME_EXCHANGE) and deleted).
//   * An existing DIR is REPLACED AS A WHOLE if it is an earlier ebn result folder (it holds the
//     marker file .ebn-output) or empty; any other existing DIR, or a file, is REFUSED (InputError,
//     left untouched). Results of two runs are never merged.
//   * A run that fails or is killed leaves DIR as it was; the temporary folders of killed runs
//     (their pid is gone) are removed by the next run that writes beside them.
//   * Parent folders created for DIR are removed again when the run fails, so a validation error
//     creates no folder.
//
// Single output files (AtomicFile, write_file_atomically): written to DIR/.partial-<pid>-NAME
// and renamed onto the target by commit(). A target that exists and is not a regular file
// (directory, device node, FIFO, socket) is refused before anything is written; every write is
// checked (a full disk is an InputError naming the file, and no file appears). Writers that only
// take a path (SystemC VCD tracing, vcd2fst) write to temp_path(); commit() then checks the file
// (fsync, no space left, file-size limit reached), so a truncated trace is never reported as
// written.
#include <string>

namespace ebn {

class OutputDir {
 public:
  // Validates DIR (see above) and creates the temporary folder; throws InputError on failure.
  explicit OutputDir(std::string dir);
  ~OutputDir();  // removes the temporary folder (and parents it created) unless committed
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Path of a file inside the temporary folder (for writers that need a path, e.g. VCD tracers,
  // or child processes writing into a sub-folder).
  std::string staged_path(const std::string& name) const;
  // Final path of a file after commit().
  std::string final_path(const std::string& name) const;
  // Writes a file into the temporary folder (checked; InputError on failure).
  void write_text(const std::string& name, const std::string& content);
  // Checks every staged file was written completely, then moves the folder into place.
  void commit();
  const std::string& dir() const { return dir_; }
  const std::string& staging() const { return staging_; }

 private:
  void discard();  // removes the temporary folder and the parents created for it
  std::string dir_;
  std::string staging_;
  std::string created_parent_;  // outermost parent folder this object created ("" = none)
  bool committed_ = false;
};

class AtomicFile {
 public:
  // Validates PATH (not a directory, device, FIFO or socket; parent folder exists).
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }
  // Writes (or overwrites) the temporary file with `content`, checking every write.
  void write(const std::string& content);
  // Verifies the temporary file (written completely, disk not full) and renames it onto path().
  void commit();

 private:
  std::string path_;
  std::string temp_;
  bool committed_ = false;
};

// Write one file atomically (AtomicFile + write + commit); throws InputError naming the path.
void write_file_atomically(const std::string& path, const std::string& content);

// Refuses an output path that exists and is not a regular file (directory, device node, FIFO,
// socket): InputError naming `what` (e.g. "--trace") and the path. Used by AtomicFile.
void check_output_file_target(const std::string& path, const std::string& what = "output file");

// Checks a file that a third-party writer (SystemC tracing, an external program) produced:
// it exists, fsync succeeds, and the file system / size limit was not exhausted while writing.
void check_written_file(const std::string& path);

}  // namespace ebn
