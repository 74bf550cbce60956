select 'abc;
