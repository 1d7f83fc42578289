import ArgumentParser
import Dispatch
import FederApp
import Foundation
import Logging

let level = ProcessInfo.processInfo.environment["FEDER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
LoggingSystem.bootstrap { label in
    // The access log writes a line per request: buffered, so it never costs a syscall per request.
    if label == "feder.access" {
        var handler = BufferedLogHandler(label: label)
        handler.logLevel = level
        return handler
    }
    var handler = StreamLogHandler.standardOutput(label: label)
    handler.logLevel = level
    return handler
}
Feder.main()
