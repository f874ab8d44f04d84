/* A -sys crate's C, integer only: the float ABI tags come from the flags, not the code. */
int scale(int x, int n) { return x * n; }
