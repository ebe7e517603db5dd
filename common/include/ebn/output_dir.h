#pragma once
// Result folder with all-or-nothing semantics: files are written into DIR/.partial-<pid>/ and
// moved into DIR only by commit(). A run that fails (exception, bad input) leaves DIR as it was.
// The constructor checks that DIR can be created and written, so a bad --out fails before a
// long simulation starts.
#include <string>
#include <vector>

namespace ebn {

class OutputDir {
 public:
  explicit OutputDir(std::string dir);
  ~OutputDir();  // removes the staging folder if commit() was not reached
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Path of a file inside the staging folder (for writers that need a path, e.g. VCD tracers).
  std::string staged_path(const std::string& name) const;
  // Final path of a file after commit().
  std::string final_path(const std::string& name) const;
  void write_text(const std::string& name, const std::string& content);
  // Move every staged file into the final folder.
  void commit();
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string staging_;
  bool committed_ = false;
};

// Write one file atomically (temp file + rename); throws InputError naming the path.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace ebn
