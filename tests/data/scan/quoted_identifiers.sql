select "a;b", "x""y;" from "t";
