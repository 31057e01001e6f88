// Language server entry point (issue 3).
export {};
