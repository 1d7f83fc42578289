import Foundation
import HTTPServer
import Routes

extension WebApp {
    /// `POST /theme` from the toggle (works without JavaScript): remembers the choice in a
    /// cookie that only `/theme.css` reads, then goes back to the page.
    func switchTheme(_ request: HTTPRequest) -> HTTPResponse {
        let fields = FormFields(decoding: request.body)
        let back = fields["return"].flatMap { LocalRedirect.isSafe($0) ? $0 : nil } ?? WebRoute.home().path
        var response = HTTPResponse.redirect(to: back)
        switch fields["theme"] {
        case "dark", "light":
            response.headers.add("Set-Cookie", "theme=\(fields["theme"]!); Path=/; Max-Age=31536000; SameSite=Lax")
        default:
            response.headers.add("Set-Cookie", "theme=; Path=/; Max-Age=0; SameSite=Lax") // back to the system setting
        }
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// `GET /theme.css`: the forced palette for a reader who chose one, else empty. The only
    /// answer that depends on a cookie, so it alone carries `Vary: Cookie`, and every page
    /// stays identical for all readers.
    func themeStylesheet(_ request: HTTPRequest) -> HTTPResponse {
        let choice = request.cookies["theme"]
        var css: [UInt8] = []
        if choice == "dark" || choice == "light" {
            css = (try? Data(contentsOf: URL(fileURLWithPath: "\(site.staticPath)/css/theme-\(choice!).css"))).map { [UInt8]($0) } ?? []
        }
        var response = HTTPResponse(contentType: "text/css; charset=utf-8", body: css)
        response.headers.set("Vary", "Cookie")
        response.headers.set("Cache-Control", "private, max-age=0, must-revalidate")
        return response
    }
}
