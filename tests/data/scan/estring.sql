select E'a\'; select 2;'; select e'\\';
