// Placeholder entry: the benchmark runner (issue 8) collects every benchmark here.
console.log('no benchmarks yet');
