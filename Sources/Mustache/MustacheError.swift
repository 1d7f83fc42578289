/// A template that cannot be parsed or does not fit the data it is compiled for. Raised when a
/// theme is loaded, so a broken theme stops the start with the file and line at fault.
public struct MustacheError: Error, CustomStringConvertible, Equatable {
    public let template: String
    public let line: Int
    public let message: String

    public init(template: String, line: Int, message: String) {
        self.template = template
        self.line = line
        self.message = message
    }

    public var description: String { "\(template).mustache, line \(line): \(message)" }
}
