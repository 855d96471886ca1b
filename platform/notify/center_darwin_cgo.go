//go:build darwin && cgo

package notify

/*
#cgo CFLAGS: -x objective-c -fobjc-arc
#cgo LDFLAGS: -framework Foundation -framework UserNotifications
#import <Foundation/Foundation.h>
#import <UserNotifications/UserNotifications.h>
#include <stdlib.h>

extern void authtrayCenterAction(char *ident, char *action);

// The delegate shows notifications while authtray is frontmost too, and
// hands each response (a click, an action) to Go with the id authtray put
// in the notification's userInfo.
@interface AuthtrayCenterDelegate : NSObject <UNUserNotificationCenterDelegate>
@end

@implementation AuthtrayCenterDelegate
- (void)userNotificationCenter:(UNUserNotificationCenter *)center
       willPresentNotification:(UNNotification *)notification
         withCompletionHandler:(void (^)(UNNotificationPresentationOptions))done {
	done(UNNotificationPresentationOptionBanner | UNNotificationPresentationOptionList);
}

- (void)userNotificationCenter:(UNUserNotificationCenter *)center
didReceiveNotificationResponse:(UNNotificationResponse *)response
         withCompletionHandler:(void (^)(void))done {
	NSString *ident = response.notification.request.content.userInfo[@"authtray-id"];
	NSString *action = response.actionIdentifier;
	if ([action isEqualToString:UNNotificationDefaultActionIdentifier]) {
		action = @"default";
	}
	if ([ident isKindOfClass:[NSString class]] && ![action isEqualToString:UNNotificationDismissActionIdentifier]) {
		authtrayCenterAction((char *)[ident UTF8String], (char *)[action UTF8String]);
	}
	done();
}
@end

static AuthtrayCenterDelegate *authtrayDelegate;

// authtray_in_bundle: UNUserNotificationCenter raises an exception in a
// process that is not an app bundle's.
static int authtray_in_bundle(void) {
	NSBundle *b = [NSBundle mainBundle];
	return b.bundleIdentifier != nil && [b.bundlePath hasSuffix:@".app"];
}

static void authtray_setup(void) {
	UNUserNotificationCenter *c = [UNUserNotificationCenter currentNotificationCenter];
	authtrayDelegate = [AuthtrayCenterDelegate new];
	c.delegate = authtrayDelegate;
	UNNotificationAction *reauth = [UNNotificationAction actionWithIdentifier:@"reauth" title:@"Re-authenticate" options:UNNotificationActionOptionNone];
	UNNotificationAction *hour = [UNNotificationAction actionWithIdentifier:@"snooze-1h" title:@"Snooze 1 hour" options:UNNotificationActionOptionNone];
	UNNotificationAction *day = [UNNotificationAction actionWithIdentifier:@"snooze-1d" title:@"Snooze 1 day" options:UNNotificationActionOptionNone];
	UNNotificationCategory *fix = [UNNotificationCategory categoryWithIdentifier:@"authtray.fix" actions:@[reauth] intentIdentifiers:@[] options:UNNotificationCategoryOptionNone];
	UNNotificationCategory *reminder = [UNNotificationCategory categoryWithIdentifier:@"authtray.reminder" actions:@[reauth, hour, day] intentIdentifiers:@[] options:UNNotificationCategoryOptionNone];
	[c setNotificationCategories:[NSSet setWithObjects:fix, reminder, nil]];
	[c requestAuthorizationWithOptions:(UNAuthorizationOptionAlert | UNAuthorizationOptionSound)
	                 completionHandler:^(BOOL granted, NSError *error) {}];
}

// authtray_authorized: 1 allowed, 0 refused, -1 not decided or no answer
// within 2 s.
static int authtray_authorized(void) {
	__block int st = -1;
	dispatch_semaphore_t sem = dispatch_semaphore_create(0);
	[[UNUserNotificationCenter currentNotificationCenter] getNotificationSettingsWithCompletionHandler:^(UNNotificationSettings *s) {
		if (s.authorizationStatus == UNAuthorizationStatusDenied) {
			st = 0;
		} else if (s.authorizationStatus != UNAuthorizationStatusNotDetermined) {
			st = 1;
		}
		dispatch_semaphore_signal(sem);
	}];
	dispatch_semaphore_wait(sem, dispatch_time(DISPATCH_TIME_NOW, 2 * NSEC_PER_SEC));
	return st;
}

// authtray_post adds one notification and waits up to 5 s for the
// center's answer: NULL, or the error's description (to free).
static char *authtray_post(const char *ident, const char *title, const char *body, const char *category) {
	UNMutableNotificationContent *content = [UNMutableNotificationContent new];
	NSString *i = [NSString stringWithUTF8String:ident];
	content.title = [NSString stringWithUTF8String:title];
	content.body = [NSString stringWithUTF8String:body];
	if (category[0] != 0) {
		content.categoryIdentifier = [NSString stringWithUTF8String:category];
	}
	content.userInfo = @{@"authtray-id": i};
	UNNotificationRequest *req = [UNNotificationRequest requestWithIdentifier:i content:content trigger:nil];
	__block char *failed = NULL;
	dispatch_semaphore_t sem = dispatch_semaphore_create(0);
	[[UNUserNotificationCenter currentNotificationCenter] addNotificationRequest:req withCompletionHandler:^(NSError *error) {
		if (error != nil) {
			failed = strdup([error.localizedDescription UTF8String]);
		}
		dispatch_semaphore_signal(sem);
	}];
	if (dispatch_semaphore_wait(sem, dispatch_time(DISPATCH_TIME_NOW, 5 * NSEC_PER_SEC)) != 0) {
		return strdup("the notification center did not answer in 5 s");
	}
	return failed;
}
*/
import "C"

import (
	"errors"
	"unsafe"
)

func inBundle() bool { return C.authtray_in_bundle() != 0 }

func setupCenter() { C.authtray_setup() }

// authorized reports whether the user allows authtray's notifications
// (known false until they decided).
func authorized() (ok, known bool) {
	switch C.authtray_authorized() {
	case 1:
		return true, true
	case 0:
		return false, true
	}
	return true, false
}

func postNotification(id, title, body, category string) error {
	cs := []*C.char{C.CString(id), C.CString(title), C.CString(body), C.CString(category)}
	defer func() {
		for _, s := range cs {
			C.free(unsafe.Pointer(s))
		}
	}()
	if e := C.authtray_post(cs[0], cs[1], cs[2], cs[3]); e != nil {
		defer C.free(unsafe.Pointer(e))
		return errors.New(C.GoString(e))
	}
	return nil
}

//export authtrayCenterAction
func authtrayCenterAction(ident, action *C.char) {
	centerAction(C.GoString(ident), C.GoString(action))
}
