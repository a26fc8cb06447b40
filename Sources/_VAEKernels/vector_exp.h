// 8-lane float vectors and Cephes' expf on them, shared by the kernels (softmax.c, tanh.c).
// Internal to _VAEKernels: not in include/, so Swift never sees it.
//
// exp is Cephes' expf, as FastTranscendentals.exp: x = n·ln2 + r, |r| ≤ ln2/2, e^r by a
// degree-6 polynomial, 2^n put into the exponent bits; the input is clamped to
// [−87.3, 88.3], so the result is a finite, normal float. Contraction into FMA is allowed
// (relative error ≈ 1 ulp, not bit-identical to the Swift version).
#ifndef VAELAB_VECTOR_EXP_H
#define VAELAB_VECTOR_EXP_H

#pragma clang fp contract(fast)

typedef float f8 __attribute__((ext_vector_type(8)));
typedef int i8 __attribute__((ext_vector_type(8)));

static inline f8 exp8(f8 x) {
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, (f8)(-87.3f)), (f8)88.3f);
    // n = round(x / ln 2) by the 1.5·2^23 trick.
    f8 shifted = x * 1.44269504088896341f + 12582912.0f;
    f8 n = shifted - 12582912.0f;
    f8 r = x - n * 0.693359375f + n * 2.12194440e-4f;
    f8 p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    f8 er = p * r * r + r + 1.0f;
    i8 exponent = (((i8)shifted) - 0x4B400000 + 127) << 23;   // (i8) reinterprets the bits
    return er * (f8)exponent;
}

#endif
