import AdvisorDiagnostics

extension RuleBookTexts {
    /// What `advisor check` warns about in the catalogues: a text of the rule book a catalogue
    /// does not translate (shown at the English text, the place a translator looks for it), a
    /// translation keyed to a text the rule book does not have (a typo, or a rule since
    /// removed), and a translation whose `{placeholders}` differ from the English text's.
    public func translationFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for language in catalogues.keys.sorted() {
            guard let catalogue = catalogues[language] else { continue }
            let file = catalogue.file ?? "locales/\(language).yaml"
            for key in source.keys.sorted() where catalogue.texts[key] == nil {
                findings.append(
                    Diagnostic(
                        severity: .warning, location: source[key]?.location,
                        message: "\(key.what) has no \(language) translation in \(file)",
                        hint: "add `\(key.description)` to \(file); until then \(language) readers see the English text"))
            }
            for (key, translation) in catalogue.texts.sorted(by: { $0.key < $1.key }) {
                guard has(key) else {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: translation.location,
                            message: "the \(language) catalogue translates \(key.what), which the rule book does not have",
                            hint: nearestKey(to: key).map { "did you mean `\($0.description)`?" } ?? "remove it, or check the id against the rule book"))
                    continue
                }
                guard let original = source[key] else { continue }
                let expected = TextPlaceholders.of(original.text), found = TextPlaceholders.of(translation.text)
                if expected != found {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: translation.location,
                            message: "the \(language) translation of \(key.what) has placeholders \(Self.names(found)), the English text \(Self.names(expected))",
                            hint: "keep every {placeholder} of the English text, spelled the same, in any order"))
                }
            }
        }
        return findings
    }

    private static func names(_ placeholders: [String]) -> String {
        placeholders.isEmpty ? "none" : placeholders.map { "{\($0)}" }.joined(separator: ", ")
    }

    /// The rule book's key nearest to a key it does not have, as a catalogue writes them.
    private func nearestKey(to key: TextKey) -> TextKey? {
        let written = Dictionary(source.keys.map { ($0.description, $0) }, uniquingKeysWith: { first, _ in first })
        return NameSuggestion.nearest(to: key.description, among: written.keys.sorted()).flatMap { written[$0] }
    }
}
