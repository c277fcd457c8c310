(class_declaration) @definition.class
(interface_declaration) @definition.interface
(enum_declaration) @definition.class
(record_declaration) @definition.class
(method_declaration) @definition.method
(constructor_declaration) @definition.method
