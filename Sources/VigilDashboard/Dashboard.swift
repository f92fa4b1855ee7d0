import Mustache

/// Renders the dashboard's pages. The templates are compiled into the binary (Vigil is
/// one file to install), parsed once here; rendering is a pure function of the page's
/// values, so a page is tested by rendering a value and reading the HTML.
public struct Dashboard: Sendable {
    let library: MustacheLibrary

    public init() {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            // The templates ship with the binary and are parsed by a test: a failure here
            // is a build defect, not a user error.
            do { try library.register(text, named: name) } catch { fatalError("dashboard template '\(name)' does not parse: \(error)") }
        }
        self.library = library
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
