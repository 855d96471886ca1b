//go:build !linux && !darwin

package metrics

import dto "github.com/prometheus/client_model/go"

// processFamilies is empty where authtray does not run (it is built for
// Linux and macOS only).
func processFamilies() ([]*dto.MetricFamily, error) { return nil, nil }
