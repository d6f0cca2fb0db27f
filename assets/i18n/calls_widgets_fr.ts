<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CallCard</name>
    <message>
        <source>Draft saved on this computer: finish it and submit it before the call closes.</source>
        <translation>Brouillon enregistré sur cet ordinateur : terminez-le et envoyez-le avant la clôture de l’appel.</translation>
    </message>
    <message>
        <source>Submitted. It leaves with the next sync or USB stick: the programme has not received it yet.</source>
        <translation>Envoyée. Elle part à la prochaine synchronisation ou clé USB : le programme ne l’a pas encore reçue.</translation>
    </message>
    <message>
        <source>Received by the programme. Next step: wait for the review.</source>
        <translation>Reçue par le programme. Prochaine étape : attendre l’examen des dossiers.</translation>
    </message>
    <message>
        <source>Shortlisted! The programme will contact you for the next round.</source>
        <translation>Présélectionnée ! Le programme vous contactera pour l’étape suivante.</translation>
    </message>
    <message>
        <source>Selected for incubation! Your cohort group is with your facilitator.</source>
        <translation>Sélectionnée pour l’incubation ! Votre groupe de cohorte est chez votre animateur ou animatrice.</translation>
    </message>
    <message>
        <source>On the waiting list: the programme will tell you if a place opens.</source>
        <translation>Sur liste d’attente : le programme vous préviendra si une place se libère.</translation>
    </message>
    <message>
        <source>Not selected this time. Thank you for applying.</source>
        <translation>Non retenue cette fois. Merci d’avoir postulé.</translation>
    </message>
    <message>
        <source>The programme could not accept this application.</source>
        <translation>Le programme n’a pas pu accepter cette candidature.</translation>
    </message>
    <message>
        <source>Call for projects: %1</source>
        <translation>Appel à projets : %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Motif : %1</translation>
    </message>
    <message>
        <source>Submit again</source>
        <translation>Envoyer une nouvelle version</translation>
    </message>
    <message>
        <source>See my application</source>
        <translation>Voir ma candidature</translation>
    </message>
    <message>
        <source>To apply you need your certificate: your exam is waiting for the programme&apos;s answer (sync or carry a USB stick).</source>
        <translation>Pour postuler, il vous faut votre certificat : votre examen attend la réponse du programme (synchronisez ou apportez une clé USB).</translation>
    </message>
    <message>
        <source>To apply you need the course certificate: complete the course and pass the final exam.</source>
        <translation>Pour postuler, il vous faut le certificat du cours : terminez le cours et réussissez l’examen final.</translation>
    </message>
    <message>
        <source>You are eligible: apply before %1.</source>
        <translation>Vous pouvez postuler : envoyez votre candidature avant le %1.</translation>
    </message>
    <message>
        <source>Continue my application</source>
        <translation>Continuer ma candidature</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Postuler</translation>
    </message>
    <message>
        <source>Closes on %1</source>
        <translation>Clôture le %1</translation>
    </message>
</context>
<context>
    <name>CallForm</name>
    <message>
        <source>Choose a file</source>
        <translation>Choisir un fichier</translation>
    </message>
    <message>
        <source>Not saved yet…</source>
        <translation>Pas encore enregistré…</translation>
    </message>
    <message>
        <source>Draft saved at %1</source>
        <translation>Brouillon enregistré à %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>Check your answers, then submit. You can submit again until the call closes: the last version counts.</source>
        <translation>Vérifiez vos réponses, puis envoyez. Vous pouvez renvoyer jusqu’à la clôture : la dernière version compte.</translation>
    </message>
    <message>
        <source>My application</source>
        <translation>Ma candidature</translation>
    </message>
    <message>
        <source>Closes on %1. Your answers are saved on this computer as you type.</source>
        <translation>Clôture le %1. Vos réponses sont enregistrées sur cet ordinateur au fil de la saisie.</translation>
    </message>
    <message>
        <source>(at most %1 characters)</source>
        <translation>(%1 caractères au plus)</translation>
    </message>
    <message>
        <source>(at most %1 KB)</source>
        <translation>(%1 Ko au plus)</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>Choisir un fichier…</translation>
    </message>
    <message>
        <source>Review my answers</source>
        <translation>Relire mes réponses</translation>
    </message>
    <message>
        <source>Back to the form</source>
        <translation>Retour au formulaire</translation>
    </message>
    <message>
        <source>Submit my application</source>
        <translation>Envoyer ma candidature</translation>
    </message>
    <message>
        <source>Close (the draft stays)</source>
        <translation>Fermer (le brouillon reste)</translation>
    </message>
</context>
</TS>
