import Mustache

/// Renders the dashboard's pages. The templates are compiled into the binary (Vigil is
/// one file to install), parsed once here; rendering is a pure function of the page's
/// values, so a page is tested by rendering a value and reading the HTML.
public struct Dashboard: Sendable {
    let library: MustacheLibrary

    public init() {
        // The templates ship with the binary and a test parses each one
        // (``parse(_:)``): a failure here is a build defect, not a user error.
        do { library = try Self.parse(Templates.all) } catch { fatalError("\(error)") }
    }

    /// The text of every inline `<script>` the pages carry, as rendered (the templates
    /// put no values in them), so the server can allow exactly these in its
    /// Content-Security-Policy by hash.
    public static var inlineScripts: [String] {
        Templates.all.flatMap { template in
            template.text.split(separator: "<script>", omittingEmptySubsequences: false).dropFirst().compactMap { part in
                part.split(separator: "</script>", omittingEmptySubsequences: false).first.map(String.init)
            }
        }
    }

    /// A dashboard of some templates only (for tests).
    init(_ templates: [(name: String, text: String)]) throws(TemplateError) {
        library = try Self.parse(templates)
    }

    /// A template that does not parse, named.
    struct TemplateError: Error, CustomStringConvertible {
        let name: String
        let underlying: any Error
        var description: String { "dashboard template '\(name)' does not parse: \(underlying)" }
    }

    /// The library of `templates`; throws for the first one that does not parse.
    static func parse(_ templates: [(name: String, text: String)]) throws(TemplateError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in templates {
            do { try library.register(text, named: name) } catch { throw TemplateError(name: name, underlying: error) }
        }
        return library
    }

    /// The HTML of a page.
    public func render(_ page: some DashboardPage) -> String {
        library.render(page, withTemplate: type(of: page).template) ?? ""
    }

    /// Whether a template of that name was registered (for tests).
    func hasTemplate(named name: String) -> Bool { library.getTemplate(named: name) != nil }

    /// The stylesheet served at `/assets/vigil.css`.
    public static var stylesheet: String { Stylesheet.css }
}

/// A page value and the template that shows it.
public protocol DashboardPage: Sendable {
    static var template: String { get }
}
