namespace Renhe.Modules.Org.Lifecycle.Pages;

public enum LifecycleStep { Onboard, Regularise, Leave }
