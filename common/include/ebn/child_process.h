#pragma once
// Run a piece of work in a forked child process and get its text result back.
// Why: SystemC elaborates once per process (a second elaboration throws E529), so commands that
// simulate many chips (compare-mismatch, sweeps, verify) run each simulation in its own child.
// The child's InputError keeps its message; any other failure becomes a std::runtime_error.
#include <functional>
#include <string>

namespace ebn {

// `work` runs in the child and returns the result text (e.g. JSON). Throws in the parent if
// the child failed: InputError for the child's InputError, std::runtime_error otherwise.
std::string run_in_child(const std::function<std::string()>& work);

// Call first thing in a forked child with the parent's pid (taken before fork()): the kernel
// kills the child (SIGKILL) when the parent dies, so a killed sweep or verify leaves no orphan
// simulations behind. Exits at once if the parent is already gone.
void die_with_parent(int parent_pid);

}  // namespace ebn
