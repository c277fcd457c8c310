(function_declaration) @definition.function
(generator_function_declaration) @definition.function
(class_declaration) @definition.class
(method_definition) @definition.method
(lexical_declaration
  (variable_declarator value: [(arrow_function) (function_expression)])) @definition.function
