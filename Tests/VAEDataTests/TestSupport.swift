import Testing
@testable import VAEData
