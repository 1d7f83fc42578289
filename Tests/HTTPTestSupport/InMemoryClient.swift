import HTTPServer

/// Requests to a responder without sockets, entering where the server enters (`respond(to:)`)
/// and following the reply as it would.
public protocol InMemoryClient {
    var responder: any HTTPResponder { get }
}

extension InMemoryClient {
    @discardableResult
    public func get(_ target: String, headers: [(String, String)] = []) -> HTTPResponse {
        request("GET", target, headers: headers)
    }

    @discardableResult
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [],
                        remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        var fields = HTTPHeaders()
        fields.add("Host", "blog.test")
        for (name, value) in headers { fields.add(name, value) }
        if !body.isEmpty { fields.set("Content-Length", String(body.count)) }
        let request = HTTPRequest(method: method, target: target, headers: fields, body: body, remoteAddress: remoteAddress)
        return responder.response(to: request)
    }

    /// Posts a form (urlencoded, as a browser does).
    @discardableResult
    public func postForm(_ target: String, _ fields: [(String, String)], headers: [(String, String)] = [],
                         remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        let body = fields.map { "\(PercentDecoding.encode($0.0))=\(PercentDecoding.encode($0.1))" }.joined(separator: "&")
        return request("POST", target, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
                       body: Array(body.utf8), remoteAddress: remoteAddress)
    }

    @discardableResult
    public func postJSON(_ target: String, _ json: String, method: String = "POST", headers: [(String, String)] = [],
                         remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        request(method, target, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8),
                remoteAddress: remoteAddress)
    }
}

extension HTTPResponse {
    public var text: String { String(decoding: body, as: UTF8.self) }
}
