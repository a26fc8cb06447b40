// The exponentials of one softmax row, in explicit 8-lane vectors: the multinomial
// likelihood's one pass over all N items of every row (N = 20,108 on ML-20M). glibc's scalar
// expf and a Double sum in index order made it the largest cost of a Mult-VAE step after
// the products.
//
// exp is Cephes' expf, as FastTranscendentals.exp: x = n·ln2 + r, |r| ≤ ln2/2, e^r by a
// degree-6 polynomial, 2^n put into the exponent bits; the input is clamped to
// [−87.3, 88.3]. Contraction into FMA is allowed here (relative error ≈ 1 ulp, not
// bit-identical to the Swift version). The sum is taken in Double, in 8 lanes and then in a
// fixed order, so it does not depend on the thread count or the machine.
#include "vaelab_kernels.h"

#pragma clang fp contract(fast)

typedef float f8 __attribute__((ext_vector_type(8)));
typedef int i8 __attribute__((ext_vector_type(8)));
typedef double d4 __attribute__((ext_vector_type(4)));

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

double vaelab_shifted_exponentials(const float *h, long n, float *e, float *maximum) {
    long whole = n - n % 8;
    f8 mv = -__builtin_inff();
    for (long j = 0; j < whole; j += 8) {
        f8 v;
        __builtin_memcpy(&v, h + j, sizeof v);
        mv = __builtin_elementwise_max(mv, v);
    }
    float m = __builtin_reduce_max(mv);
    for (long j = whole; j < n; j++) m = h[j] > m ? h[j] : m;
    *maximum = m;

    d4 low = 0, high = 0;
    for (long j = 0; j < whole; j += 8) {
        f8 v;
        __builtin_memcpy(&v, h + j, sizeof v);
        f8 ev = exp8(v - m);
        if (e) __builtin_memcpy(e + j, &ev, sizeof ev);
        low += __builtin_convertvector(ev.lo, d4);
        high += __builtin_convertvector(ev.hi, d4);
    }
    d4 lanes = low + high;
    double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    if (whole < n) {
        f8 v = m;   // lanes past the end: exp(0), never stored nor added
        for (long j = whole; j < n; j++) v[j - whole] = h[j];
        f8 ev = exp8(v - m);
        for (long j = whole; j < n; j++) {
            if (e) e[j] = ev[j - whole];
            sum += ev[j - whole];
        }
    }
    return sum;
}
