select 'a\'; select 2;
