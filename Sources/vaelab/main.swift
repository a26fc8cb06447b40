import Foundation
import VAELabCLI

exit(VAELabMain.run(Array(CommandLine.arguments.dropFirst()), console: .standard()))
