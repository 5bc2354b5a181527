// Replaced by the CEL implementation.
