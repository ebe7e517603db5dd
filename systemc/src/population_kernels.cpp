#include "chip/population_kernels.h"

#include <cmath>

#include "behavioral/simd_kernels.h"

namespace chip::kernels {

namespace {

#define EBN_KERNEL static inline __attribute__((always_inline))

// first_crossing's early-out tests, operation for operation (threshold_crossing.cpp).
EBN_KERNEL bool candidates_body(const PopulationView& p, double em, double es, unsigned char* __restrict out) {
  const double b = p.tau_mem_s, a = p.tau_syn_s;
  const bool filtered = a > 0.0;
  const MembraneState* __restrict s = p.state;
  const double *__restrict inf = p.i_inf, *__restrict input = p.input, *__restrict u = p.drive,
                           *__restrict thr = p.threshold;
  int any = 0;
  if (filtered) {
    for (int n = 0; n < p.n; ++n) {
      const double target = (inf[n] + input[n]) + u[n];
      const double C = (s[n].x - u[n]) * a / (a - b);
      const double A = s[n].i - target - C;
      const double up_a = A < A * em ? A * em : A;  // std::max(A, A * em)
      const double up_c = C < C * es ? C * es : C;  // std::max(C, C * es)
      const double bound = target + up_a + up_c;
      const int c = (s[n].i - thr[n] >= 0.0) | !(bound < thr[n]);
      out[n] = static_cast<unsigned char>(c);
      any |= c;
    }
  } else {
    for (int n = 0; n < p.n; ++n) {
      const double target = (inf[n] + input[n]) + u[n];
      const double A = s[n].i - target - 0.0;
      const double up_a = A < A * em ? A * em : A;
      const double bound = target + up_a + 0.0;
      const int c = (s[n].i - thr[n] >= 0.0) | !(bound < thr[n]);
      out[n] = static_cast<unsigned char>(c);
      any |= c;
    }
  }
  return any != 0;
}

// advance_exact_factors (membrane_dynamics.h) for every neuron, the same operations.
EBN_KERNEL void integrate_body(const PopulationView& p, double dt, double em, double es) {
  const double a = p.tau_syn_s, b = p.tau_mem_s;
  MembraneState* __restrict s = p.state;
  double* __restrict i_copy = p.i_copy;
  const double *__restrict inf = p.i_inf, *__restrict input = p.input, *__restrict u = p.drive;
  if (a <= 0.0) {
    for (int n = 0; n < p.n; ++n) {
      const double target = (inf[n] + input[n]) + u[n];
      s[n].x = u[n];
      s[n].i = target + (s[n].i - target) * em;
      i_copy[n] = s[n].i;
    }
  } else if (std::fabs(a - b) < 1e-12 * b) {
    for (int n = 0; n < p.n; ++n) {
      const double target = (inf[n] + input[n]) + u[n];
      const double dx0 = s[n].x - u[n];
      const double coupled = dx0 * (dt / b) * em;
      s[n].i = target + (s[n].i - target) * em + coupled;
      s[n].x = u[n] + dx0 * es;
      i_copy[n] = s[n].i;
    }
  } else {
    for (int n = 0; n < p.n; ++n) {
      const double target = (inf[n] + input[n]) + u[n];
      const double dx0 = s[n].x - u[n];
      const double coupled = dx0 * a / (a - b) * (es - em);
      s[n].i = target + (s[n].i - target) * em + coupled;
      s[n].x = u[n] + dx0 * es;
      i_copy[n] = s[n].i;
    }
  }
}

#define EBN_POPULATION_WRAPPERS(SUFFIX, TARGET)                                                             \
  TARGET bool candidates_##SUFFIX(const PopulationView& p, double em, double es, unsigned char* out) {       \
    return candidates_body(p, em, es, out);                                                                 \
  }                                                                                                         \
  TARGET void integrate_##SUFFIX(const PopulationView& p, double dt, double em, double es) {                \
    integrate_body(p, dt, em, es);                                                                          \
  }

EBN_POPULATION_WRAPPERS(scalar, )
EBN_POPULATION_WRAPPERS(avx2, __attribute__((target("avx2"))))
EBN_POPULATION_WRAPPERS(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))))

using ebn::behavioral::simd::Level;

}  // namespace

bool crossing_candidates(const PopulationView& p, double em, double es, unsigned char* candidate) {
  switch (ebn::behavioral::simd::active()) {
    case Level::Avx512: return candidates_avx512(p, em, es, candidate);
    case Level::Avx2: return candidates_avx2(p, em, es, candidate);
    case Level::Scalar: break;
  }
  return candidates_scalar(p, em, es, candidate);
}

void integrate(const PopulationView& p, double dt, double em, double es) {
  switch (ebn::behavioral::simd::active()) {
    case Level::Avx512: integrate_avx512(p, dt, em, es); return;
    case Level::Avx2: integrate_avx2(p, dt, em, es); return;
    case Level::Scalar: break;
  }
  integrate_scalar(p, dt, em, es);
}

}  // namespace chip::kernels
