#pragma once
// Each `ebn` subcommand lives in its own apps/cmd_*.cpp and registers itself here with a static
// CommandRegistrar, so adding a command never touches main.cpp. The callback given to CLI11
// does the work; InputError thrown from it becomes a one-line message and exit code 2.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace ebn::app {

using CommandSetup = std::function<void(CLI::App& root)>;

struct CommandRegistrar {
  // `order` sorts the commands in `ebn --help`.
  CommandRegistrar(int order, CommandSetup setup);
};

// Adds every command, then one finiteness/overflow check to every numeric option of all of them.
void setup_all_commands(CLI::App& root);

// Range checks for options with readable messages ("--passes: must be >= 1, got '0'").
CLI::Validator at_least(double lo);
CLI::Validator between(double lo, double hi);

// The exit code a command callback wants main() to return (0 unless set).
void set_exit_code(int code);
int exit_code();

}  // namespace ebn::app
