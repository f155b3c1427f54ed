// Bounds on what a checkpoint file may ask the network layer to build.
#pragma once

namespace ida::net {

// The most weights a network named by a file's architecture line may have: a hundred times
// the largest network ida trains (the shipped Connect Four net has about 0.3 million), and
// low enough that a damaged or hostile file cannot make torch allocate gigabytes.
inline constexpr double kMaxFileParameters = 3e7;

}  // namespace ida::net
