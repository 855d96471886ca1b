package autostart

const platform = "darwin"
