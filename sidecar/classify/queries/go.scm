(function_declaration) @definition.function
(method_declaration) @definition.method
(type_declaration) @definition.type
