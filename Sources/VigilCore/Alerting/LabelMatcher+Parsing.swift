import Foundation

extension LabelMatcher {
    /// Parses one matcher as Alertmanager writes them: `name="value"`, `name=value`,
    /// `name!=value`, `name=~"re"`, `name!~re`, with spaces allowed around the operator.
    /// Quoted values take `\"`, `\\` and `\n` escapes.
    /// - Throws: ``LabelMatcherError`` with the offset of the bad token.
    public init(parsing text: String) throws(LabelMatcherError) {
        let characters = Array(text)
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index] == " " { index += 1 } }
        skipSpaces()
        let nameStart = index
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
            guard characters[index].isASCII else { break }
            index += 1
        }
        let name = String(characters[nameStart..<index])
        guard !name.isEmpty, !(name.first!.isNumber) else {
            throw LabelMatcherError("expected a label name such as service, found '\(String(characters[nameStart...]))'", offset: nameStart)
        }
        skipSpaces()
        let opStart = index
        let rest = String(characters[index...])
        guard let op = [Operator.matchesRegex, .notMatchesRegex, .notEqual, .equal].first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw LabelMatcherError("expected =, !=, =~ or !~ after '\(name)'", offset: opStart)
        }
        index += op.rawValue.count
        skipSpaces()
        let valueStart = index
        var value = ""
        if index < characters.count, characters[index] == "\"" {
            index += 1
            var closed = false
            while index < characters.count {
                let character = characters[index]
                if character == "\"" {
                    closed = true
                    index += 1
                    break
                }
                if character == "\\", index + 1 < characters.count {
                    let next = characters[index + 1]
                    switch next {
                    case "n": value.append("\n")
                    case "\"", "\\": value.append(next)
                    default: throw LabelMatcherError("unknown escape '\\\(next)'", offset: index)
                    }
                    index += 2
                    continue
                }
                value.append(character)
                index += 1
            }
            guard closed else { throw LabelMatcherError("unterminated quoted value", offset: valueStart) }
            skipSpaces()
            guard index == characters.count else {
                throw LabelMatcherError("unexpected '\(String(characters[index...]))' after the value", offset: index)
            }
        } else {
            value = String(characters[index...]).trimmingCharacters(in: .whitespaces)
            if value.contains("\"") { throw LabelMatcherError("a value with quotes must be quoted whole: \"…\"", offset: valueStart) }
        }
        do {
            try self.init(name: name, op: op, value: value)
        } catch {
            throw LabelMatcherError(error.message, offset: valueStart)
        }
    }
}
