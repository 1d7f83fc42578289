import Dispatch
import Foundation
import HTTPServer
import Logging

/// What the running server needs until the process exits. `dispatchMain()` ends the main
/// thread, so the locals of `run` would be referenced from no stack any more (LeakSanitizer
/// then reports the whole application as leaked at exit); a global owns them instead.
nonisolated(unsafe) private var running: (app: Application, server: HTTPServer, signals: [DispatchSourceSignal])?

/// Runs the server until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
public enum ServerRunner {
    public static func run(_ app: Application) throws -> Never {
        let logger = Logger(label: "feder")
        let server = try app.serve()
        let host = app.config.server.host.contains(":") ? "[\(app.config.server.host)]" : app.config.server.host
        print("Feder \(FederVersion.current) serving http://\(host):\(server.port)")
        for warning in app.config.warnings { logger.warning("\(warning)") }
        if (try? app.accounts.hasAccounts()) == false {
            print("No admin account yet. Create the owner, then sign in at http://\(host):\(server.port)/admin:")
            print("  swift run feder user add you@example.com --name \"Your Name\" --role owner")
        }
        fflush(nil)

        // Dispatch signal sources replace the default handlers; ignoring first is required.
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler {
                logger.info("shutting down: finishing requests in flight")
                server.shutdown {
                    LogSink.standardOutput.flush()
                    logger.info("stopped")
                    fflush(nil)
                    exit(0)
                }
            }
            source.activate()
            sources.append(source)
        }
        running = (app, server, sources)
        dispatchMain()
    }
}
