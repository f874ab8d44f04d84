/* The rest of the link: rustc's side, reduced to an entry point that needs scale(). */
int scale(int x, int n);
int result;
void entry(void) { result = scale(3, 2); }
