/// How a multinomial likelihood takes the logarithm of its softmax. The two reference codes
/// differ, and with label smoothing the difference shows:
///
/// - `logSoftmax` (dawenl/vae_cf; Mult-VAE, Mult-DAE): `−ll = −Σ_j ỹ_j·log_softmax(h)_j`,
///   `∂/∂h_j = N·π_j − ỹ_j` with `N = Σ_j ỹ_j`;
/// - `softmaxPlusEps` (the Cornac family: Cornac VAECF's `mult`, DualVAE's and RethinkVAE's
///   `mult`): `−ll = −Σ_j ỹ_j·log(π_j + EPS)`, `π = softmax(h)`, `EPS = 1e-10`; with
///   `w_j = ỹ_j·π_j/(π_j + EPS)` and `W = Σ_j w_j`, `∂/∂h_j = π_j·W − w_j`.
///
/// They agree wherever `π_j ≫ EPS`. An item the model gives less than EPS of probability is
/// saturated in the Cornac form (its term stays near `−ỹ_j·log EPS`, its gradient near 0), so
/// smoothing's `α/2` target reaches only items with some mass; under log-softmax it keeps
/// pulling every item up.
public enum MultinomialForm: Sendable {
    case logSoftmax
    case softmaxPlusEps
}
