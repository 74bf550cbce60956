\c "MyDb" Foo
\password "Bob"
\password Bob
