import AdvisorDiagnostics

/// The id of one text of a rule book, by the ids the rule book already has: what a message
/// catalogue (`locales/<language>.yaml`) keys its translations by.
public enum TextKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A header field: `name` or `decision`.
    case header(String)
    /// A field of a fact (asked or derived): `name`, `unit`, `question`, `help` or `means`.
    case fact(String, field: String)
    /// What a value of an enum or list fact means.
    case factValue(String, value: String)
    /// A field of a model: `name`, `short` or `summary`.
    case model(String, field: String)
    /// A trade-off's text, by the model and the trade-off's id within it.
    case tradeOff(String, id: String)
    /// A rule's `because`.
    case rule(String)
    /// A threshold's basis, by fact and value.
    case threshold(String, value: Double)

    /// The key as a catalogue writes it: `facts.capital.question`, `models.m2c.tradeoffs.light-model`.
    public var description: String {
        switch self {
        case .header(let field): return "rulebook.\(field)"
        case .fact(let id, let field): return "facts.\(id).\(field)"
        case .factValue(let id, let value): return "facts.\(id).values.\(value)"
        case .model(let id, let field): return "models.\(id).\(field)"
        case .tradeOff(let model, let id): return "models.\(model).tradeoffs.\(id)"
        case .rule(let id): return "rules.\(id).because"
        case .threshold(let fact, let value): return "thresholds.\(fact).\(FactValues.format(value))"
        }
    }

    /// What the text is, in words: "the question of fact 'capital'".
    public var what: String {
        switch self {
        case .header(let field): return "the rule book's \(field)"
        case .fact(let id, let field): return "the \(field) of fact '\(id)'"
        case .factValue(let id, let value): return "the meaning of value '\(value)' of fact '\(id)'"
        case .model(let id, let field): return "the \(field) of model '\(id)'"
        case .tradeOff(let model, let id): return "trade-off '\(id)' of model '\(model)'"
        case .rule(let id): return "the `because` of rule '\(id)'"
        case .threshold(let fact, let value): return "the basis of threshold \(FactValues.format(value)) of '\(fact)'"
        }
    }

    public static func < (lhs: TextKey, rhs: TextKey) -> Bool { lhs.description < rhs.description }
}

/// A text and where it is written.
public struct PlacedString: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation?
    public init(_ text: String, location: SourceLocation? = nil) {
        self.text = text
        self.location = location
    }
}

/// One language's translations of a rule book's texts: a message catalogue
/// (`Rules/locales/zh-CN.yaml`), keyed by the ids the rule book already has.
public struct TextCatalogue: Sendable, Hashable {
    /// The language tag (`zh-CN`).
    public var language: String
    /// The catalogue's file, for messages.
    public var file: String?
    public var texts: [TextKey: PlacedString]

    public init(language: String, file: String? = nil, texts: [TextKey: PlacedString] = [:]) {
        self.language = language
        self.file = file
        self.texts = texts
    }
}

/// Every text of a rule book in the language it is written in (English) and its catalogues'
/// translations: the lookup by (language, key), falling back to English.
public struct RuleBookTexts: Sendable {
    /// The language the rule book itself is written in.
    public static let sourceLanguage = "en"

    /// The rule book's own texts, with where each is written (empty texts are left out).
    public let source: [TextKey: PlacedString]
    /// By language tag.
    public let catalogues: [String: TextCatalogue]

    public init(source: [TextKey: PlacedString], catalogues: [TextCatalogue]) {
        self.source = source
        var byLanguage: [String: TextCatalogue] = [:]
        for catalogue in catalogues { byLanguage[catalogue.language] = catalogue }
        self.catalogues = byLanguage
    }

    /// The languages the rule book's texts exist in: English first, then its catalogues' in order.
    public var languages: [String] { [Self.sourceLanguage] + catalogues.keys.sorted() }

    /// True when the rule book has a text for `key`, or could have: a model's `short`, which
    /// falls back to its name, may be translated though the rule book gives none.
    public func has(_ key: TextKey) -> Bool {
        if source[key] != nil { return true }
        if case .model(let id, field: "short") = key { return source[.model(id, field: "name")] != nil }
        return false
    }

    /// The text of `key` in `language`, else the rule book's own; nil when the rule book has none.
    public func text(_ key: TextKey, in language: String) -> String? {
        if language != Self.sourceLanguage, let translated = catalogues[language]?.texts[key]?.text { return translated }
        return source[key]?.text
    }

    /// The texts of a rule book as the loader read it, by key.
    public init(_ book: RuleBookSource) {
        var texts: [TextKey: PlacedString] = [:]
        func put(_ key: TextKey, _ text: String?, _ location: SourceLocation?) {
            guard let text, !text.isEmpty else { return }
            texts[key] = PlacedString(text, location: location)
        }
        put(.header("name"), book.header.name, nil)
        put(.header("decision"), book.header.decision, nil)
        for fact in book.facts {
            // A fact without a `name` is called by its id with spaces: that is the text to translate.
            put(.fact(fact.id, field: "name"), fact.displayName, fact.location)
            put(.fact(fact.id, field: "unit"), fact.unit, fact.location)
            put(.fact(fact.id, field: "question"), fact.question, fact.location)
            put(.fact(fact.id, field: "help"), fact.help, fact.location)
            put(.fact(fact.id, field: "means"), fact.means, fact.location)
            for meaning in fact.valueMeanings { put(.factValue(fact.id, value: meaning.value), meaning.meaning, fact.location) }
        }
        for model in book.models {
            put(.model(model.id, field: "name"), model.name, model.location)
            put(.model(model.id, field: "short"), model.short, model.location)
            put(.model(model.id, field: "summary"), model.summary, model.location)
            for tradeOff in model.tradeOffs {
                put(.tradeOff(model.id, id: String(tradeOff.id.dropFirst(model.id.count + 1))), tradeOff.text, tradeOff.location)
            }
        }
        for rule in book.rules { put(.rule(rule.id), rule.because, rule.location) }
        for basis in book.thresholds { put(.threshold(basis.fact, value: basis.value), basis.basis, basis.location) }
        self.init(source: texts, catalogues: book.catalogues)
    }
}

extension RuleBookSource {
    /// The same rule book with its texts in `language` where its catalogue translates them, and
    /// in its own language elsewhere. Ids, values and conditions stay as they are; a fact's
    /// unit as written stays in `sourceUnit`, since answers are still read in it.
    public func translated(into language: String) -> RuleBookSource {
        guard language != RuleBookTexts.sourceLanguage, let catalogue = catalogues.first(where: { $0.language == language }) else { return self }
        func text(_ key: TextKey, _ original: String) -> String { catalogue.texts[key]?.text ?? original }
        func text(_ key: TextKey, _ original: String?) -> String? { catalogue.texts[key]?.text ?? original }
        var book = self
        book.header.name = text(.header("name"), header.name)
        book.header.decision = text(.header("decision"), header.decision)
        book.facts = facts.map { fact in
            var fact = fact
            fact.sourceUnit = fact.unit
            fact.name = text(.fact(fact.id, field: "name"), fact.name)
            fact.unit = text(.fact(fact.id, field: "unit"), fact.unit)
            fact.question = text(.fact(fact.id, field: "question"), fact.question)
            fact.help = text(.fact(fact.id, field: "help"), fact.help)
            fact.means = text(.fact(fact.id, field: "means"), fact.means)
            fact.valueMeanings = fact.valueMeanings.map { ValueMeaning(value: $0.value, meaning: text(.factValue(fact.id, value: $0.value), $0.meaning)) }
            return fact
        }
        book.models = models.map { model in
            var model = model
            model.name = text(.model(model.id, field: "name"), model.name)
            model.short = text(.model(model.id, field: "short"), model.short)
            model.summary = text(.model(model.id, field: "summary"), model.summary)
            model.tradeOffs = model.tradeOffs.map { tradeOff in
                var tradeOff = tradeOff
                tradeOff.text = text(.tradeOff(model.id, id: String(tradeOff.id.dropFirst(model.id.count + 1))), tradeOff.text)
                return tradeOff
            }
            return model
        }
        book.rules = rules.map { rule in
            var rule = rule
            rule.because = text(.rule(rule.id), rule.because)
            return rule
        }
        book.thresholds = thresholds.map { basis in
            var basis = basis
            basis.basis = text(.threshold(basis.fact, value: basis.value), basis.basis)
            return basis
        }
        return book
    }
}

/// `{name}` placeholders of a text, which a translation must keep (in any order).
public enum TextPlaceholders {
    public static func of(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) { found.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return found.sorted()
    }
}
