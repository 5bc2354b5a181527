import AdvisorEngine
import Yams

extension ProfileLoader {
    /// The asked facts a profile lists with an empty value (`price_positioning:`): unknown, like a
    /// fact left out, but written on purpose. `advisor ask` saves the questions a founder skipped
    /// this way, so that resuming does not ask them again. Nil when the text is not a profile
    /// mapping (`load` reports what is wrong with it).
    public static func emptyAnswers(in file: SourceFile, ruleBook: RuleBook) -> [String]? {
        guard case .success(let document) = YAMLDocument.parse(file), let mapping = document.root?.mapping else { return nil }
        var facts: [String] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.text, let slot = ruleBook.slot(ofFact: key), slot < ruleBook.askedFactCount else { continue }
            if case .scalar(let scalar) = valueNode, scalar.resolvedTag == .null { facts.append(key) }
        }
        return facts
    }
}
