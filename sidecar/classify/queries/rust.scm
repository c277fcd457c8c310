(function_item) @definition.function
(struct_item) @definition.class
(enum_item) @definition.class
(trait_item) @definition.interface
(impl_item) @definition.implementation
