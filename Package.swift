// swift-tools-version: 6.0
// VAELab: reproduce, sweep and guard VAE collaborative-filtering papers.
//
// Layers (one-way dependencies, nothing lower imports anything higher):
//   _CBLAS, _LAPACKE (system libraries)
//     → VAENumerics (matrices, sparse storage, BLAS/LAPACK wrappers, kernels, seeded RNG)
//       → VAEData (formats, preprocessing, splits, cache)
//       → VAEModels (layers, losses, optimizers, the VAEs)
//       → VAEEvaluation (ranking, metrics, statistics)
//       → VAEDiagnostics (spectra, collapse and geometry measures)
//         → VAEHarness (training loop, configurations, result files)
//           → VAELabCLI (commands, argument parsing) → vaelab (the executable)
import PackageDescription

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
        .target(name: "VAENumerics", dependencies: ["_CBLAS", "_LAPACKE"]),
        .target(name: "VAEData", dependencies: ["VAENumerics"]),
        .target(name: "VAEModels", dependencies: ["VAENumerics"]),
        .target(name: "VAEEvaluation", dependencies: ["VAENumerics"]),
        .target(name: "VAEDiagnostics", dependencies: ["VAENumerics"]),
        .target(name: "VAEHarness", dependencies: ["VAENumerics", "VAEData", "VAEModels", "VAEEvaluation", "VAEDiagnostics"]),
        .target(name: "VAELabCLI", dependencies: ["VAEHarness", "VAEData", "VAEModels", "VAEEvaluation", "VAENumerics"]),
        .executableTarget(name: "vaelab", dependencies: ["VAELabCLI"]),

        .testTarget(name: "VAENumericsTests", dependencies: ["VAENumerics"]),
        .testTarget(name: "VAEDataTests", dependencies: ["VAEData", "VAENumerics"]),
        .testTarget(name: "VAEModelsTests", dependencies: ["VAEModels", "VAENumerics"]),
        .testTarget(name: "VAEEvaluationTests", dependencies: ["VAEEvaluation", "VAENumerics"]),
        .testTarget(name: "VAEDiagnosticsTests", dependencies: ["VAEDiagnostics", "VAENumerics"]),
        .testTarget(name: "VAEHarnessTests", dependencies: ["VAEHarness", "VAEData", "VAEModels", "VAEEvaluation", "VAEDiagnostics", "VAENumerics"]),
        .testTarget(name: "VAELabCLITests", dependencies: ["VAELabCLI", "vaelab"], exclude: ["Golden"]),
    ]
)
