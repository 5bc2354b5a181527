import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `advisor serve`: the web interview over HTTP/1.1, on Hummingbird. This is the only file that
/// knows Hummingbird: it reads a request's body (up to the limit), hands it to `WebInterview`,
/// adds the security headers and writes one log line per request to standard error.
public enum WebServer {
    /// Serves until SIGINT or SIGTERM. `started` is called with the address once it listens (with
    /// the port the system chose when `port` is 0).
    public static func run(_ site: WebSite, host: String, port: Int, started: @escaping @Sendable (String) -> Void) async throws {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let began = ContinuousClock.now
            let response = await respond(to: request, with: site)
            log(request, response, since: began)
            return response
        }
        var logger = Logger(label: "advisor-serve")
        // Hummingbird's own messages only when something is wrong; the request lines are ours.
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                let shownHost = host.contains(":") ? "[\(host)]" : host
                started("http://\(shownHost):\(address?.port ?? port)")
            },
            logger: logger)
        try await app.runService()
    }

    private static func respond(to request: Request, with site: WebSite) async -> Response {
        let body = request.method == .post ? await read(request.body, declared: request.headers[.contentLength].flatMap { Int($0) }) : .none
        let answer = site.respond(
            WebRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query, contentType: request.headers[.contentType],
                acceptLanguage: request.headers[.acceptLanguage], body: body))
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        headers[.contentSecurityPolicy] = WebInterview.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        // The answers are the founder's: kept by no cache, sent to no other site.
        headers[.cacheControl] = "no-store"
        if let referrerPolicy = HTTPField.Name("Referrer-Policy") { headers[referrerPolicy] = "no-referrer" }
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
        // A body that was too large is not read to its end: close the connection after answering.
        if case .tooLarge = body { headers[.connection] = "close" }
        let full = ByteBuffer(string: answer.body)
        headers[.contentLength] = String(full.readableBytes)
        let bytes = request.method == .head ? ByteBuffer() : full
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// A body over this is not read any further: the connection is closed after the 413 page.
    static let drainLimit = 1024 * 1024

    /// The body, up to `WebInterview.bodyLimit`. A longer one is read on (and dropped) up to
    /// `drainLimit`, so the client, still sending, gets the 413 page instead of a reset
    /// connection. A request body can be iterated once only: one loop does both.
    private static func read(_ body: RequestBody, declared: Int?) async -> WebRequest.Body {
        var bytes: [UInt8] = []
        var total = 0
        var tooLarge = (declared ?? 0) > WebInterview.bodyLimit
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                if total > WebInterview.bodyLimit { tooLarge = true }
                if !tooLarge { bytes += chunk.readableBytesView }
                if total > drainLimit { break }
            }
        } catch {
            // The client went away mid-body: nobody reads the answer.
            return .bytes([])
        }
        return tooLarge ? .tooLarge : .bytes(bytes)
    }

    /// One line a request: time, method, path (never the query or the body: they hold answers),
    /// status, bytes and milliseconds.
    private static func log(_ request: Request, _ response: Response, since began: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - began
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let time = Date().formatted(.iso8601)
        let length = response.headers[.contentLength] ?? "-"
        let path = String(String.UnicodeScalarView(request.uri.path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
        let line = "\(time) \(request.method.rawValue) \(path) \(response.status.code) \(length)B \(String(format: "%.1f", milliseconds))ms\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
