import Foundation
import Mustache
import Testing

/// The official Mustache spec (github.com/mustache/spec), run against the compiler with
/// untyped data: every test of the required modules must pass, so a user's theme written for
/// any Mustache implementation renders the same here. `make mustache-spec` fetches the spec
/// files (Debian's r-cran-whisker ships them) into .build/mustache-spec; FEDER_MUSTACHE_SPEC
/// names another folder of spec JSON files. Without any, these tests fail under
/// FEDER_REQUIRE_MUSTACHE_SPEC=1 (CI, `make test`) and are skipped otherwise.
@Suite struct MustacheSpecTests {
    static let requiredModules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    static var specDirectory: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let candidates = [ProcessInfo.processInfo.environment["FEDER_MUSTACHE_SPEC"], root + "/.build/mustache-spec/specs"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/sections.json") }
    }

    static let isRequired = ProcessInfo.processInfo.environment["FEDER_REQUIRE_MUSTACHE_SPEC"] == "1"

    @Test(arguments: requiredModules)
    func specModule(_ module: String) throws {
        guard let directory = Self.specDirectory else {
            if Self.isRequired { Issue.record("no Mustache spec files: run `make mustache-spec`") }
            return
        }
        let failures = try Self.run(module: module, in: directory)
        #expect(failures.isEmpty, "\(module): \(failures.joined(separator: "\n"))")
    }

    /// Block re-indentation (whitespace in front of a block moved from where the block is
    /// written to where it is placed) is not implemented: it changes only indentation, which
    /// HTML ignores. The templates README says so.
    static let unsupportedInheritanceTests: Set = [
        "Standalone block", "Block reindentation", "Intrinsic indentation", "Nested block reindentation",
    ]

    /// The optional inheritance module, when the spec copy has it (the theme uses parents and
    /// blocks): everything but block re-indentation.
    @Test func inheritanceModule() throws {
        guard let directory = Self.specDirectory,
              FileManager.default.fileExists(atPath: directory + "/~inheritance.json") else { return }
        let failures = try Self.run(module: "~inheritance", in: directory)
        let failed = Set(failures.map { String($0.prefix { $0 != ":" }) })
        #expect(failed == Self.unsupportedInheritanceTests, "~inheritance: \(failures.joined(separator: "\n"))")
    }

    /// Runs every test of one module; returns a line per failure.
    static func run(module: String, in directory: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(module).json"))
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tests = try #require(spec["tests"] as? [[String: Any]])
        var failures: [String] = []
        for test in tests {
            let name = test["name"] as? String ?? "?"
            var sources = (test["partials"] as? [String: String]) ?? [:]
            sources["(test)"] = test["template"] as? String ?? ""
            do {
                let library = try TemplateLibrary(sources: sources)
                let output = try library.compileUntyped("(test)").render(value(test["data"] as Any))
                let expected = test["expected"] as? String ?? ""
                let text = String(decoding: output, as: UTF8.self)
                if text != expected { failures.append("\(name): expected \(expected.debugDescription), got \(text.debugDescription)") }
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        return failures
    }

    /// JSON as untyped template data.
    static func value(_ json: Any) -> TemplateValue {
        switch json {
        case let object as [String: Any]: .object(TemplateDictionary(object.mapValues(value)))
        case let array as [Any]: .list(TemplateValueList(array.map(value)))
        case let text as String: .text(text)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { .bool(number.boolValue) }
            else if number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 { .number(number.intValue) }
            else { .text(String(describing: number.doubleValue)) }
        default: .null
        }
    }
}
