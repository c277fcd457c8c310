(function_declaration) @definition.function
(generator_function_declaration) @definition.function
(class_declaration) @definition.class
(abstract_class_declaration) @definition.class
(method_definition) @definition.method
(interface_declaration) @definition.interface
(type_alias_declaration) @definition.type
(enum_declaration) @definition.type
; One pattern per value type: a field followed by an alternation matches any node in
; tree-sitter 0.25/0.26.
(lexical_declaration (variable_declarator value: (arrow_function))) @definition.function
(lexical_declaration (variable_declarator value: (function_expression))) @definition.function
