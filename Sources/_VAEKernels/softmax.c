// The exponentials of one softmax row, in explicit 8-lane vectors: the multinomial
// likelihood's one pass over all N items of every row (N = 20,108 on ML-20M). glibc's scalar
// expf and a Double sum in index order made it the largest cost of a Mult-VAE step after
// the products.
//
// exp is Cephes' expf (vector_exp.h; contraction into FMA allowed). The sum is taken in
// Double, in 8 lanes and then in a fixed order, so it does not depend on the thread count or
// the machine.
#include "vaelab_kernels.h"
#include "vector_exp.h"

typedef double d4 __attribute__((ext_vector_type(4)));

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
