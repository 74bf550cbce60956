-- leading comment; not a statement
select 1; -- trailing; comment
select -- inside;
2;
