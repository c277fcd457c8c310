; Definitions, with the standard tags capture names (tree-sitter "Code Navigation Systems").
(function_definition) @definition.function
(class_definition) @definition.class
