// C kernels that Swift cannot vectorise by itself (see adam.c). Internal to VAEModels.
#ifndef VAELAB_KERNELS_H
#define VAELAB_KERNELS_H

/// One Adam update of n elements: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g·g, then
/// PyTorch's p ← p − lr·(m/c1)/(√(v/c2) + ε) or TensorFlow's p ← p − rate·m/(√v + ε),
/// with c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ and rate = lr·√c2/c1 (computed by the caller).
void vaelab_adam_pytorch(float *p, const float *g, float *m, float *v, long n,
                         float beta1, float beta2, float lr, float eps, float c1, float c2);
void vaelab_adam_tensorflow(float *p, const float *g, float *m, float *v, long n,
                            float beta1, float beta2, float rate, float eps);

/// One softmax row's shifted exponentials: `maximum ← m = max_j h_j`, `e_j ← exp(h_j − m)`
/// (when `e` is not null) and the return value `Σ_j e_j` in double precision; `n ≥ 1`.
double vaelab_shifted_exponentials(const float *h, long n, float *e, float *maximum);

/// `x ← tanh(x)` for n ≥ 0 elements, in 8-lane vectors (Cephes' tanhf, about 2 ulp; the
/// sign of x kept, NaN left NaN).
void vaelab_tanh(float *x, long n);

#endif
