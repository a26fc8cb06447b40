// LAPACK's C interface (Debian: liblapacke-dev); the LAPACK behind it is OpenBLAS's.
#include <lapacke.h>
