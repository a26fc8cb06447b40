// Adam's element-wise update, in C so that the division and the square root vectorise:
// Swift lowers Float.squareRoot() to libm's sqrtf with an errno fallback, which keeps its
// loops scalar. Every element gets exactly the operations of the scalar formula, in its
// order: IEEE division and square root are correctly rounded in every lane, and
// contraction into FMA is off, so the result is bit-identical to the scalar loop.
#include "vaelab_kernels.h"

#pragma clang fp contract(off)

void vaelab_adam_pytorch(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n,
                         float beta1, float beta2, float lr, float eps, float c1, float c2) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1 - beta1) * gi;
        float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] - lr * (mi / c1) / (__builtin_elementwise_sqrt(vi / c2) + eps);
    }
}

void vaelab_adam_tensorflow(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n,
                            float beta1, float beta2, float rate, float eps) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1 - beta1) * gi;
        float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] - rate * mi / (__builtin_elementwise_sqrt(vi) + eps);
    }
}
