// swift-tools-version: 6.0
// VAELab: reproduce, sweep and guard VAE collaborative-filtering papers.
//
// Layers (one-way dependencies, nothing lower imports anything higher):
//   _CBLAS, _LAPACKE (system libraries)
//     → VAENumerics (matrices, sparse storage, BLAS/LAPACK wrappers, kernels, seeded RNG)
//       → VAEData (formats, preprocessing, splits, cache)
//       → VAEModels (layers, losses, optimizers, the VAEs; C kernels in _VAEKernels)
//       → VAEEvaluation (ranking, metrics, statistics)
//       → VAEDiagnostics (spectra, collapse and geometry measures)
//         → VAEHarness (training loop, configurations, result files)
//           → VAELabCLI (commands, argument parsing) → vaelab (the executable)
import PackageDescription
import Foundation

// The kernels (likelihood rows, transcendentals, Adam) are written so the compiler vectorises
// them; on x86-64 they are compiled for AVX2 (`haswell`: every x86-64 server CPU since 2013,
// AMD since Zen), about a quarter less CPU per BiVAE epoch than the SSE2 baseline with the
// same numbers. `VAELAB_PORTABLE=1 swift build` builds for the baseline instead.
#if arch(x86_64)
let portable = ProcessInfo.processInfo.environment["VAELAB_PORTABLE"] != nil
let kernelSettings: [SwiftSetting] = portable ? [] : [.unsafeFlags(["-target-cpu", "haswell"])]
let cKernelSettings: [CSetting] = (portable ? [] : [.unsafeFlags(["-march=haswell"])]) + [.unsafeFlags(["-O3"])]
#else
let kernelSettings: [SwiftSetting] = []
let cKernelSettings: [CSetting] = [.unsafeFlags(["-O3"])]
#endif

let package = Package(
    name: "VAELab",
    products: [
        .executable(name: "vaelab", targets: ["vaelab"]),
        .library(name: "VAELab", targets: ["VAENumerics", "VAEData", "VAEModels", "VAEEvaluation", "VAEDiagnostics", "VAEHarness"]),
    ],
    targets: [
        .systemLibrary(
            name: "_CBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "_LAPACKE",
            providers: [.apt(["liblapacke-dev"])]
        ),
        .target(name: "VAENumerics", dependencies: ["_CBLAS", "_LAPACKE"], swiftSettings: kernelSettings),
        .target(name: "VAEData", dependencies: ["VAENumerics"], swiftSettings: kernelSettings),
        .target(name: "_VAEKernels", cSettings: cKernelSettings),
        .target(name: "VAEModels", dependencies: ["VAENumerics", "_VAEKernels"], swiftSettings: kernelSettings),
        .target(name: "VAEEvaluation", dependencies: ["VAENumerics"], swiftSettings: kernelSettings),
        .target(name: "VAEDiagnostics", dependencies: ["VAENumerics"], swiftSettings: kernelSettings),
        .target(name: "VAEHarness", dependencies: ["VAENumerics", "VAEData", "VAEModels", "VAEEvaluation", "VAEDiagnostics"], swiftSettings: kernelSettings),
        .target(name: "VAELabCLI", dependencies: ["VAEHarness", "VAEData", "VAEModels", "VAEEvaluation", "VAENumerics"], swiftSettings: kernelSettings),
        .executableTarget(name: "vaelab", dependencies: ["VAELabCLI"], swiftSettings: kernelSettings),

        // Helpers the test targets share (a seeded test RNG, reference products, matrices with
        // known spectra); a plain target, so no product exports it.
        .target(name: "VAETestSupport", dependencies: ["VAENumerics"], path: "Tests/VAETestSupport"),
        .testTarget(name: "VAENumericsTests", dependencies: ["VAENumerics", "VAETestSupport"]),
        .testTarget(name: "VAEDataTests", dependencies: ["VAEData", "VAENumerics"]),
        .testTarget(name: "VAEModelsTests", dependencies: ["VAEModels", "VAENumerics", "VAETestSupport"]),
        .testTarget(name: "VAEEvaluationTests", dependencies: ["VAEEvaluation", "VAENumerics"]),
        .testTarget(name: "VAEDiagnosticsTests", dependencies: ["VAEDiagnostics", "VAENumerics", "VAETestSupport"]),
        .testTarget(name: "VAEHarnessTests", dependencies: ["VAEHarness", "VAEData", "VAEModels", "VAEEvaluation", "VAEDiagnostics", "VAENumerics"]),
        .testTarget(name: "VAELabCLITests", dependencies: ["VAELabCLI", "vaelab"], exclude: ["Golden"]),
    ]
)
