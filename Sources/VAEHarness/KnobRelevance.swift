/// Which configurations use each setting that not every model (or protocol) reads, so that
/// a setting a run would silently ignore — masking on BiVAE, aspects on Mult-VAE, a KL
/// anneal on Mult-DAE — is an error instead.
///
/// | keys | used by |
/// |---|---|
/// | `masking`, `anchorWeight`, `anchorWarmupSteps`, `anchorInit` | multvae |
/// | `betaCap`, `annealSteps`, `klCounter`, `betaSearch` | multvae; poisvae under strongGeneralization (the fold-in loop's β schedule) |
/// | `keepProbability`, `weightPenalty` | multvae, multdae |
/// | `latentDim` | every model but multdae (its last hidden width is the code) |
/// | `likelihood` | poisvae, bivae, dualvae |
/// | `klWeight`, `labelSmoothingEnd`, `labelSmoothingRampEpochs` | bivae, dualvae; poisvae under given (the Cornac loop) |
/// | `aspects`, `decoderHiddenDims`, `contrastiveWeight`, `temperature`, `trainPrototypes` | dualvae |
/// | `userFeaturesPath`, `itemFeaturesPath` | bivae |
/// | `directSpecWeight`, `directSpecForm`, `directSpecTau`, `directSpecSide`, `directSpecEvery` | multvae, bivae, dualvae |
/// | `dataPath`, `heldOutUsers`, `splitSeed`, `minUserCount`, `minItemCount` | protocol strongGeneralization |
/// | `trainPath`, `testPath`, `validationPath`, `dropUnknownItems` | protocol given |
///
/// Every other key applies to every configuration. `betaCap` is also an error with
/// `betaSearch` (the search chooses it).
public enum KnobRelevance {
    typealias Rule = (who: String, applies: (TrainingConfiguration) -> Bool)

    static func rule(_ key: String) -> Rule? {
        switch key {
        case "masking", "anchorWeight", "anchorWarmupSteps", "anchorInit":
            return ("multvae", { $0.model == .multvae })
        case "betaCap", "annealSteps", "klCounter", "betaSearch":
            return ("multvae, and poisvae with protocol strongGeneralization",
                    { $0.model == .multvae || ($0.model == .poisvae && $0.protocol == .strongGeneralization) })
        case "keepProbability", "weightPenalty":
            return ("multvae and multdae", { $0.model == .multvae || $0.model == .multdae })
        case "latentDim":
            return ("multvae, poisvae, bivae and dualvae (multdae's code is its last hidden width)", { $0.model != .multdae })
        case "likelihood":
            return ("poisvae, bivae and dualvae", { $0.model.isCornacFamily })
        case "klWeight", "labelSmoothingEnd", "labelSmoothingRampEpochs":
            return ("bivae and dualvae, and poisvae with protocol given",
                    { $0.model == .bivae || $0.model == .dualvae || ($0.model == .poisvae && $0.protocol == .given) })
        case "aspects", "decoderHiddenDims", "contrastiveWeight", "temperature", "trainPrototypes":
            return ("dualvae", { $0.model == .dualvae })
        case "userFeaturesPath", "itemFeaturesPath":
            return ("bivae", { $0.model == .bivae })
        case "directSpecWeight", "directSpecForm", "directSpecTau", "directSpecSide", "directSpecEvery":
            return ("multvae, bivae and dualvae", { $0.model == .multvae || $0.model == .bivae || $0.model == .dualvae })
        case "dataPath", "heldOutUsers", "splitSeed", "minUserCount", "minItemCount":
            return ("protocol strongGeneralization", { $0.protocol == .strongGeneralization })
        case "trainPath", "testPath", "validationPath", "dropUnknownItems":
            return ("protocol given", { $0.protocol == .given })
        default:
            return nil
        }
    }

    /// The first of `keys` (sorted) that `c` ignores, with the configurations that use it.
    public static func ignored(_ keys: some Sequence<String>, by c: TrainingConfiguration) -> (key: String, usedBy: String)? {
        for key in keys.sorted() {
            if let r = rule(key), !r.applies(c) { return (key, r.who) }
        }
        return nil
    }

    /// What the configuration is, in the words of an error: `model multdae`, or
    /// `model poisvae with protocol given` when the protocol decides.
    static func subject(_ c: TrainingConfiguration, key: String) -> String {
        let byProtocol = ["dataPath", "heldOutUsers", "splitSeed", "minUserCount", "minItemCount",
                          "trainPath", "testPath", "validationPath", "dropUnknownItems"]
        if byProtocol.contains(key) { return "protocol \(c.protocol.rawValue)" }
        return c.model == .poisvae ? "model poisvae with protocol \(c.protocol.rawValue)" : "model \(c.model.rawValue)"
    }

    /// Throws for a key of `values` the configuration ignores, at `path(key)`.
    static func check(_ values: [String: Any], _ c: TrainingConfiguration, file: String?, path: (String) -> String,
                      hint: (String) -> String = { _ in "" }) throws {
        if c.betaSearch, let cap = values["betaCap"] {
            throw JSONValueError(file: file, path: path("betaCap"), found: JSONObject.describe(cap),
                                 expected: "no betaCap with betaSearch (the search anneals β toward 1 and retrains with the β of the validation peak as the cap)")
        }
        guard let (key, who) = ignored(values.keys, by: c) else { return }
        throw JSONValueError(file: file, path: path(key), found: JSONObject.describe(values[key]!),
                             expected: "no \(key) for \(subject(c, key: key)), which ignores it (\(key) applies only to \(who))" + hint(key))
    }
}
