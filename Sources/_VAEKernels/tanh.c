// tanh over a buffer in explicit 8-lane vectors: the hidden layers of Mult-VAE and Mult-DAE
// (two 500 × 600 activations per step on ML-20M). glibc's tanhf is scalar, about 2-3 % of a
// Mult-VAE step.
//
// Cephes' tanhf on a = |x|: for a < 0.625, tanh a = a + a·z·P(z), z = a², P of degree 4;
// otherwise tanh a = 1 − 2/(e^{2a} + 1), with e^{2a} as Cephes' expf (vector_exp.h;
// 2a is clamped at 88.3, where the result is 1 to float precision). The sign of x is put
// back last, so tanh(−0) = −0, and NaN stays NaN. Both branches are computed for every lane
// and one is selected. Relative error about 2 ulp against the exact value; contraction
// into FMA is allowed (vector_exp.h).
#include "vaelab_kernels.h"
#include "vector_exp.h"

static inline f8 tanh8(f8 x) {
    i8 bits = (i8)x;
    i8 sign = bits & (int)0x80000000;
    f8 a = (f8)(bits & 0x7fffffff);
    f8 z = a * a;
    f8 p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    f8 small = a + a * z * p;
    f8 large = 1.0f - 2.0f / (exp8(2.0f * a) + 1.0f);
    f8 t = a < 0.625f ? small : large;
    f8 out = (f8)((i8)t | sign);
    return x == x ? out : x;
}

void vaelab_tanh(float *x, long n) {
    long whole = n - n % 8;
    for (long j = 0; j < whole; j += 8) {
        f8 v;
        __builtin_memcpy(&v, x + j, sizeof v);
        v = tanh8(v);
        __builtin_memcpy(x + j, &v, sizeof v);
    }
    if (whole < n) {
        f8 v = 0;
        for (long j = whole; j < n; j++) v[j - whole] = x[j];
        v = tanh8(v);
        for (long j = whole; j < n; j++) x[j] = v[j - whole];
    }
}
